package dev.kiln.runtime.data;

import java.io.IOException;

/**
 * A data set that is neither where Kiln looked nor fetchable; the message lists where Kiln looked
 * and says exactly how to get the data.
 */
public final class DataNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public DataNotFoundException(String message) {
        super(message);
    }

    public DataNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
