package dev.hallmark.web.rest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.hallmark.web.problem.RestExceptionHandler;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The REST advice with a controller of the REST package that fails in a way no front end planned for. No path of
 * the service throws a bare IllegalArgumentException on purpose; when a library does, its message is internal
 * detail and the request was not necessarily bad, so it must not become a 400 that repeats the message.
 */
class RestExceptionHandlerTests {

    /**
     * In {@code web.rest}, where the advice applies. Not annotated as a controller, so that no service started from
     * the test class path (whose component scan would see it) serves it; this test's handler mapping takes it.
     */
    static final class FailingController {

        @GetMapping("/api/v1/failing")
        String fail() {
            throw new IllegalArgumentException("Index 7 out of bounds in org.example.Internal");
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController())
            .setCustomHandlerMapping(() -> new RequestMappingHandlerMapping() {
                @Override
                protected boolean isHandler(Class<?> beanType) {
                    return beanType == FailingController.class;
                }
            })
            .setControllerAdvice(new RestExceptionHandler()).build();

    @Test
    void unexpectedWhenIllegalArgumentExceptionThen500ProblemWithoutItsMessage() throws Exception {
        mvc.perform(get("/api/v1/failing"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("urn:hallmark:problem:internal"))
                .andExpect(jsonPath("$.detail").value("an internal error occurred; it has been logged"))
                .andExpect(content().string(not(containsString("Index 7"))));
    }
}
