package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.i18n.Lang;

/**
 * The whole conversation suite again on the discord, in Traditional Chinese (Hong Kong): both people and the team
 * speak it, and no English sentence may reach them.
 */
class DiscordConversationZhHkTest extends DiscordConversationTest {
  @Override
  protected Lang language() {
    return Lang.ZH_HK;
  }
}
