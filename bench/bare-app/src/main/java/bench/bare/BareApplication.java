package bench.bare;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The start-up baseline of bench/startup.sh: Hallmark's starters and nothing of Hallmark. */
@SpringBootApplication
@EnableJpaRepositories(considerNestedRepositories = true)
public class BareApplication {

    public static void main(String[] args) {
        SpringApplication.run(BareApplication.class, args);
    }

    @Entity
    public static class Item {
        @Id
        Long id;
    }

    public interface Items extends JpaRepository<Item, Long> {
    }

    @RestController
    static class Hello {
        private final Items items;

        Hello(Items items) {
            this.items = items;
        }

        @GetMapping("/hello")
        String hello() {
            return "items: " + items.count();
        }
    }
}
