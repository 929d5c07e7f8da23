package io.rolemarket.imagebot.web.page;

import java.util.List;

/**
 * One design with everything known about it.
 *
 * @param id the design's number
 * @param character the character's display name
 * @param theme the theme's display name
 * @param prompt the full prompt (user text: escaped when shown)
 * @param provider the provider
 * @param model the model, or the words for unknown
 * @param seed the seed, or the words for unknown
 * @param cost the cost in dollars
 * @param clip the CLIP similarity, or the words for not scored
 * @param requester who submitted it
 * @param submitted when, {@code yyyy-MM-dd HH:mm UTC}
 * @param decision the decision in words (approved, …) with who and when, or pending
 * @param reason the decision's reason (may be empty)
 * @param votes every vote
 * @param pictures how many pictures it has (the originals are {@code original?n=1..})
 */
public record DesignPage(long id, String character, String theme, String prompt, String provider, String model,
    String seed, String cost, String clip, String requester, String submitted, String decision, String reason,
    List<VoteRow> votes, int pictures) {
  /** Copies the votes. */
  public DesignPage {
    votes = List.copyOf(votes);
  }

  /**
   * One reviewer's vote.
   *
   * @param reviewer who
   * @param verdict the verdict in words
   * @param note the note (user text; may be empty)
   * @param at when, {@code yyyy-MM-dd HH:mm UTC}
   */
  public record VoteRow(String reviewer, String verdict, String note, String at) {}
}
