package io.rolemarket.imagebot.web;

import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.review.Design;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.ReviewStore.Decision;
import io.rolemarket.imagebot.core.store.ReviewStore.Vote;
import io.rolemarket.imagebot.web.page.DesignPage;
import io.rolemarket.imagebot.web.page.HistoryPage;
import io.rolemarket.imagebot.web.page.Words;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Turns the core's designs and history entries into what the templates show, in the visitor's words. Stateless. */
final class Views {
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private Views() {}

  static DesignPage design(Design design, Catalog catalog, Words t) {
    HistoryEntry entry = design.entry();
    Decision decision = design.decision();
    String decided = decision == null ? t.get("web.design.pending")
        : t.get("web.outcome." + decision.outcome().name().toLowerCase(Locale.ROOT)) + " · " + decision.deciderKey()
            + " · " + when(decision.at());
    List<DesignPage.VoteRow> votes = design.tally().votes().stream().map(vote -> vote(vote, t)).toList();
    return new DesignPage(design.id(), LibraryQuery.characterName(catalog, t.lang(), entry.character()),
        LibraryQuery.themeName(catalog, t.lang(), entry.theme()), entry.prompt(), entry.providerId(),
        design.model().isEmpty() ? t.get("web.design.unknown") : design.model(),
        design.seed() == null ? t.get("web.design.unknown") : String.valueOf(design.seed()),
        BotTexts.usd(entry.costUsd()),
        entry.similarity() == null ? t.get("web.design.notScored") : BotTexts.similarity(entry.similarity()),
        design.submission().submitterKey(), when(design.submission().at()), decided,
        decision == null ? "" : decision.reason(), votes, entry.images().size());
  }

  static HistoryPage history(List<HistoryEntry> entries, Catalog catalog, Words t) {
    return new HistoryPage(entries.stream().map(entry -> new HistoryPage.Row(entry.id(), when(entry.at()),
        LibraryQuery.characterName(catalog, t.lang(), entry.character()) + " · "
            + LibraryQuery.themeName(catalog, t.lang(), entry.theme()),
        entry.prompt(), entry.providerId(), BotTexts.usd(entry.costUsd()), !entry.images().isEmpty())).toList());
  }

  private static DesignPage.VoteRow vote(Vote vote, Words t) {
    return new DesignPage.VoteRow(vote.reviewerKey(),
        t.get("web.verdict." + vote.verdict().name().toLowerCase(Locale.ROOT)), vote.comment(), when(vote.at()));
  }

  static String when(Instant at) {
    return MINUTE.format(at);
  }
}
