package dev.hallmark.support;

import dev.hallmark.storage.IssuanceRecords;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;

/**
 * A reservation of the issuing CA for the tests of the certificate store, whichever way the store names the issuer
 * (its role, or its id): the tallies do not read the issuer, so any CA of the service does.
 */
public final class TestReservations {

    private TestReservations() {
    }

    public static IssuanceRecords.Reservation of(String serial, String profile, Instant createdAt, Instant notAfter) {
        RecordComponent[] components = IssuanceRecords.Reservation.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        Object issuer = types[1] == String.class ? "ISSUING" : (Object) 1L;
        try {
            Constructor<IssuanceRecords.Reservation> c = IssuanceRecords.Reservation.class.getDeclaredConstructor(types);
            return c.newInstance(serial, issuer, "CN=" + serial, serial, "", profile, "test", createdAt, notAfter,
                    createdAt);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
