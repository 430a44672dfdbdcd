package dev.hallmark.web.rest;

import dev.hallmark.web.problem.ProblemException;
import dev.hallmark.web.problem.ProblemType;

/** The paging parameters every list takes, checked before they reach a query. */
final class Paging {

    private Paging() {
    }

    /**
     * Refuses a negative page, a size outside 1 to {@code maxSize}, and a page whose first row lies
     * beyond what a query can skip: JPA offsets are {@code int}s, and Spring Data threw for
     * {@code page=2147483647} an exception that was answered 500.
     */
    static void check(int page, int size, int maxSize) {
        if (page < 0 || size < 1 || size > maxSize) {
            throw new ProblemException(ProblemType.INVALID_REQUEST,
                    "page must be 0 or more and size between 1 and " + maxSize);
        }
        if ((long) page * size > Integer.MAX_VALUE) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "page " + page + " of size " + size
                    + " starts beyond row " + Integer.MAX_VALUE + ", the last a list can reach");
        }
    }
}
