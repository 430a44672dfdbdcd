package dev.hallmark.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.core.metrics.StartupStep;

/**
 * A start-up profile for bench/startup.sh: with {@code -Dhallmark.startup-profile=<file>} Spring's
 * {@link BufferingApplicationStartup} records every start-up step (bean creation, configuration
 * processing, context refresh) and, once the application is ready, the steps are written to the file
 * as tab-separated lines, slowest own time first. Off by default: recording costs a little.
 */
public final class StartupProfile {

    public static final String PROPERTY = "hallmark.startup-profile";

    private StartupProfile() {
    }

    /** Records the start-up of {@code application} when {@value #PROPERTY} names a file. */
    public static void attachIfRequested(SpringApplication application) {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        BufferingApplicationStartup startup = new BufferingApplicationStartup(50_000);
        application.setApplicationStartup(startup);
        application.addListeners(event -> {
            if (event instanceof ApplicationReadyEvent) {
                write(startup.drainBufferedTimeline(), Path.of(file));
            }
        });
    }

    /** Columns: own ms (minus nested steps), total ms, step name, tags. */
    static void write(StartupTimeline timeline, Path file) {
        List<StartupTimeline.TimelineEvent> events = timeline.getEvents();
        Map<Long, Duration> nested = new HashMap<>();
        for (StartupTimeline.TimelineEvent e : events) {
            Long parent = e.getStartupStep().getParentId();
            if (parent != null) {
                nested.merge(parent, e.getDuration(), Duration::plus);
            }
        }
        List<String[]> rows = new ArrayList<>();
        for (StartupTimeline.TimelineEvent e : events) {
            StartupStep step = e.getStartupStep();
            Duration own = e.getDuration().minus(nested.getOrDefault(step.getId(), Duration.ZERO));
            StringJoiner tags = new StringJoiner(" ");
            step.getTags().forEach(tag -> tags.add(tag.getKey() + "=" + tag.getValue()));
            rows.add(new String[] {String.valueOf(own.toMillis()), String.valueOf(e.getDuration().toMillis()),
                    step.getName(), tags.toString()});
        }
        rows.sort((a, b) -> Long.compare(Long.parseLong(b[0]), Long.parseLong(a[0])));
        StringBuilder out = new StringBuilder("own_ms\ttotal_ms\tstep\ttags\n");
        rows.forEach(r -> out.append(String.join("\t", r)).append('\n'));
        try {
            Files.writeString(file, out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
