package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.i18n.Lang;
import java.time.Instant;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;

/**
 * Who asked, where, and the interaction to answer through while its token lasts. Immutable.
 *
 * @param user the asker in the core's terms
 * @param userId the asker's Discord id, for mentions and direct messages
 * @param channelId where the interaction happened
 * @param direct whether that is a direct message with the bot
 * @param created when Discord created the interaction (its token lasts 15 minutes from then)
 * @param hook the interaction's webhook
 * @param serverUploadLimit the most bytes one message may upload in the server where the interaction happened
 *     (boosts raise it), or 0 when that is not known (a direct message, a server the bot does not see)
 * @param lang the language to answer the asker in: what only they see (ephemeral answers, refusals)
 * @param channelLang the language of what everyone in the channel sees (a result's caption and buttons, the status
 *     line): the team's in a server channel, the asker's own in a direct message
 */
record Asker(UserRef user, long userId, long channelId, boolean direct, Instant created, InteractionHook hook,
    long serverUploadLimit, Lang lang, Lang channelLang) {

  /** The core's name for a Discord user. */
  static UserRef userOf(net.dv8tion.jda.api.entities.User discordUser) {
    String name = discordUser.getGlobalName() != null ? discordUser.getGlobalName() : discordUser.getName();
    return UserRef.of("discord", discordUser.getId(), name);
  }

  /**
   * The asker of {@code interaction}, answered in {@code lang}; in a server channel, what the channel sees is in
   * {@code teamLang}.
   */
  static Asker of(IReplyCallback interaction, Lang lang, Lang teamLang) {
    var discordUser = interaction.getUser();
    long serverUploadLimit = interaction.isFromAttachedGuild() ? interaction.getGuild().getMaxFileSize() : 0;
    boolean direct = !interaction.isFromGuild();
    return new Asker(userOf(discordUser), discordUser.getIdLong(), interaction.getChannelIdLong(), direct,
        interaction.getTimeCreated().toInstant(), interaction.getHook(), serverUploadLimit, lang,
        direct ? lang : teamLang);
  }
}
