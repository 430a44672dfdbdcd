package dev.hallmark.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an audit checkpoint says, and the exact bytes the issuing CA signs: JSON such as
 * {@code {"checkpoint":"hallmark-audit","sequence":41,"head":"9f3c...","time":"2026-12-03T12:00:00Z"}}:
 * the audit trail's event {@code sequence} had the hash {@code head} at {@code time}.
 */
@JsonPropertyOrder({"checkpoint", "sequence", "head", "time"})
public record CheckpointStatement(String checkpoint, long sequence, String head, Instant time) {

    static final String KIND = "hallmark-audit";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static CheckpointStatement of(long sequence, String head, Instant time) {
        return new CheckpointStatement(KIND, sequence, head, time);
    }

    byte[] encoded() {
        return JSON.writeValueAsBytes(this);
    }

    /** The statement in signed content; fails with IllegalArgumentException when it is not one. */
    static CheckpointStatement parse(byte[] content) {
        CheckpointStatement statement;
        try {
            statement = JSON.readValue(content, CheckpointStatement.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("its content is not an audit checkpoint", e);
        }
        if (!KIND.equals(statement.checkpoint()) || statement.sequence() < 0 || statement.head() == null
                || !statement.head().matches("[0-9a-f]{64}") || statement.time() == null) {
            throw new IllegalArgumentException("its content is not an audit checkpoint of Hallmark");
        }
        return statement;
    }
}
