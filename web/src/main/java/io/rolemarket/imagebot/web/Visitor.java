package io.rolemarket.imagebot.web;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.i18n.Lang;

/** Who a session belongs to, with the role and language the page is made for. Immutable. */
record Visitor(String userKey, Role role, Lang lang) {
  /** The user as the core knows them. */
  UserRef user() {
    return new UserRef(userKey, userKey);
  }

  boolean admin() {
    return role == Role.ADMIN;
  }
}
