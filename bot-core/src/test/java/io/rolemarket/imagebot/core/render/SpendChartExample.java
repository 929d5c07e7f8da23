package io.rolemarket.imagebot.core.render;

import io.rolemarket.imagebot.core.command.SpendTexts;
import io.rolemarket.imagebot.core.conversation.Reply;
import io.rolemarket.imagebot.core.store.SpendReport;
import io.rolemarket.imagebot.core.store.SpendReport.DaySpend;
import io.rolemarket.imagebot.core.store.SpendReport.Share;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Draws the README's example of {@code /spend} from made-up figures of a busy month (a fixed pattern, no
 * randomness, so the picture only changes when the chart does):
 * {@code ./mvnw -B -q -pl bot-core test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.rolemarket.imagebot.core.render.SpendChartExample -Dexec.args=$PWD/docs/images/spend-example.png}.
 */
public final class SpendChartExample {
  private SpendChartExample() {}

  /** Writes the example chart to the file named by the first argument and prints its figures. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("give the PNG file to write, was " + args.length + " arguments");
    }
    Path file = Path.of(args[0]);
    Files.createDirectories(file.toAbsolutePath().getParent());
    BigDecimal budget = new BigDecimal("50");
    byte[] png = SpendChart.png(demo(), budget);
    Files.write(file, png);
    System.out.println(SpendTexts.figures(new Reply.SpendChart(demo(), budget, png)));
  }

  /** November 2026 up to the 24th: three providers, five designers, a Halloween rush at the start. */
  static SpendReport demo() {
    YearMonth month = YearMonth.of(2026, 11);
    record Job(LocalDate day, String provider, String user, String character, String theme, BigDecimal usd) {}
    List<String> users = List.of("telegram:mei", "discord:kenji", "telegram:anna", "discord:leo", "console:ops");
    List<String> characters = List.of("lulu", "momo", "pip");
    List<Job> jobs = new ArrayList<>();
    for (int day = 1; day <= 24; day++) {
      int rush = day <= 3 ? 3 : 1 + day % 3 / 2;
      for (int i = 0; i < rush * (2 + day * 5 % 7); i++) {
        String user = users.get((day + i * i) % users.size());
        String character = characters.get((day * 7 + i) % characters.size());
        String theme = day <= 3 ? "halloween" : day % 5 == 0 ? "spring-festival" : "christmas";
        String provider = i % 5 == 0 ? "gemini" : i % 3 == 0 ? "replicate" : "flux";
        BigDecimal usd = switch (provider) {
          case "gemini" -> new BigDecimal("0.039");
          case "replicate" -> new BigDecimal("0.025");
          default -> new BigDecimal("0.012");
        };
        jobs.add(new Job(month.atDay(day), provider, user, character, theme, usd.multiply(BigDecimal.valueOf(1 + i % 4))));
      }
    }
    Map<String, DaySpend> days = new HashMap<>();
    for (Job job : jobs) {
      days.merge(job.day() + job.provider(), new DaySpend(job.day(), job.provider(), job.usd(), 1),
          (a, b) -> new DaySpend(a.day(), a.providerId(), a.usd().add(b.usd()), a.jobs() + b.jobs()));
    }
    return new SpendReport(month,
        days.values().stream().sorted(Comparator.comparing(DaySpend::day).thenComparing(DaySpend::providerId)).toList(),
        shares(jobs, Job::provider, Job::usd, 10), shares(jobs, Job::user, Job::usd, 5),
        shares(jobs, Job::character, Job::usd, 5), shares(jobs, Job::theme, Job::usd, 5));
  }

  private static <T> List<Share> shares(List<T> jobs, Function<T, String> key, Function<T, BigDecimal> usd, int top) {
    Map<String, Share> shares = new HashMap<>();
    for (T job : jobs) {
      shares.merge(key.apply(job), new Share(key.apply(job), usd.apply(job), 1),
          (a, b) -> new Share(a.key(), a.usd().add(b.usd()).setScale(3, RoundingMode.HALF_UP), a.jobs() + b.jobs()));
    }
    return shares.values().stream().sorted(Share.LARGEST_FIRST).limit(top).toList();
  }
}
