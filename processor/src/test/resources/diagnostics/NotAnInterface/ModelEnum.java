package fixtures;

import dev.kiln.dsl.*;

/** A model declared as an enum. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public enum ModelEnum {
    LENET
}
