package dev.hallmark.web.ui;

import dev.hallmark.inventory.CertificateQueries.DayCount;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A bar chart of counts per day, laid out here and drawn by the template as inline SVG: no script, and nothing a
 * strict Content-Security-Policy refuses (positions are attributes, not styles). Each bar carries its day and count
 * as a {@code <title>}, and the template shows the same numbers as a table for screen readers.
 */
public record BarChart(String title, int width, int height, int plotTop, int plotBottom, List<Bar> bars,
        List<Tick> ticks, List<Label> labels, long max, long total) {

    /** One day's bar; {@code height} may be 0. */
    public record Bar(int x, int y, int width, int height, String day, long count) {
    }

    /** A horizontal grid line with its value. */
    public record Tick(int y, long value) {
    }

    /** A day named below the axis. */
    public record Label(int x, String text) {
    }

    private static final int WIDTH = 640;
    private static final int HEIGHT = 200;
    private static final int LEFT = 40;
    private static final int RIGHT = 8;
    private static final int TOP = 10;
    private static final int BOTTOM = 170;
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MMM d");

    static BarChart of(String title, List<DayCount> days) {
        long max = Math.max(1, days.stream().mapToLong(DayCount::count).max().orElse(0));
        long scale = niceCeiling(max);
        double slot = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, days.size());
        int barWidth = Math.max(2, (int) Math.floor(slot * 0.7));
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            DayCount d = days.get(i);
            int h = (int) Math.round((BOTTOM - TOP) * (d.count() / (double) scale));
            int x = LEFT + (int) Math.round(i * slot + (slot - barWidth) / 2);
            bars.add(new Bar(x, BOTTOM - h, barWidth, h, d.day().toString(), d.count()));
            if (i % 7 == 0 && i + 4 < days.size() || i == days.size() - 1) {
                labels.add(new Label(x + barWidth / 2, LABEL.format(d.day())));
            }
        }
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            long value = scale * i / 4;
            ticks.add(new Tick(BOTTOM - (int) Math.round((BOTTOM - TOP) * (value / (double) scale)), value));
        }
        return new BarChart(title, WIDTH, HEIGHT, TOP, BOTTOM, bars, ticks, labels, max,
                days.stream().mapToLong(DayCount::count).sum());
    }

    /** The smallest of 4, 8, 20, 40, 80, 200, ... at or above the maximum, so that four grid lines are whole. */
    static long niceCeiling(long max) {
        long step = 1;
        while (true) {
            for (long m : new long[] {4, 8, 20}) {
                if (m * step >= max) {
                    return m * step;
                }
            }
            step *= 10;
        }
    }
}
