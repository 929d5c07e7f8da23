package io.rolemarket.imagebot.telegram;

import io.rolemarket.imagebot.core.i18n.Lang;

/**
 * The whole conversation suite again on the telegram, in Traditional Chinese (Hong Kong): both people and the team
 * speak it, and no English sentence may reach them.
 */
class TelegramConversationZhHkTest extends TelegramConversationTest {
  @Override
  protected Lang language() {
    return Lang.ZH_HK;
  }
}
