package dev.hallmark.audit;

public enum Outcome {
    SUCCESS, REFUSED, FAILED
}
