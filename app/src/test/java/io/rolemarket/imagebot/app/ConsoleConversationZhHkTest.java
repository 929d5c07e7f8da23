package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.core.i18n.Lang;

/**
 * The whole conversation suite again on the console, in Traditional Chinese (Hong Kong): both people and the team
 * speak it, and no English sentence may reach them.
 */
class ConsoleConversationZhHkTest extends ConsoleConversationTest {
  @Override
  protected Lang language() {
    return Lang.ZH_HK;
  }
}
