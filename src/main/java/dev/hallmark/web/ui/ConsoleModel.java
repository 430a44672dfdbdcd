package dev.hallmark.web.ui;

import dev.hallmark.web.Callers;
import java.time.Clock;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page's template may use: who is looking ({@code me}) and the time formats ({@code fmt}). */
@ControllerAdvice(basePackages = "dev.hallmark.web.ui")
class ConsoleModel {

    private final Formats formats;

    ConsoleModel(Clock clock) {
        this.formats = new Formats(clock);
    }

    @ModelAttribute("me")
    Viewer me() {
        return Viewer.of(Callers.principal());
    }

    @ModelAttribute("fmt")
    Formats fmt() {
        return formats;
    }
}
