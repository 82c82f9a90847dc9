package dev.kiln.processor.fuzz;

/** The kinds of mutation the fuzzer applies to a valid declaration. */
enum Kind {
    DELETE_METHOD,
    DUPLICATE_METHOD,
    SWAP_METHODS,
    RENAME_PARAMETER,
    RENAME_METHOD,
    ADD_PARAMETER,
    VALUE_ZERO,
    VALUE_NEGATIVE,
    VALUE_HUGE,
    VALUE_WRONG_TYPE,
    ADD_ATTRIBUTE,
    DELETE_ANNOTATION,
    ADD_ANNOTATION,
    SWAP_BLOCK,
    ADD_CYCLE,
    TRUNCATE
}
