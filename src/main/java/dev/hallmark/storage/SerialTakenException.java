package dev.hallmark.storage;

/**
 * A serial number is already in the store: the unique constraint on {@code certificate.serial}
 * refused the reservation. The only integrity error issuance answers by trying again, with a new
 * serial; every other one is a failure.
 */
public final class SerialTakenException extends RuntimeException {

    private final String serial;

    public SerialTakenException(String serial, Throwable cause) {
        super("serial " + serial + " is already taken", cause);
        this.serial = serial;
    }

    public String serial() {
        return serial;
    }
}
