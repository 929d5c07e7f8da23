package io.rolemarket.imagebot.core.store;

import io.rolemarket.imagebot.core.quota.QuotaLedger;

/**
 * Every store port in one, as one database implements them. A convenience for wiring; code that needs
 * one port takes that port.
 */
public interface BotStore
    extends QuotaLedger, UserDirectory, JobJournal, ImageStore, HistoryLog, FileRefs, ReviewStore, EventLog,
        DeliveryLog, ActionLinks, SpendHolds, OperatorLog, ReferenceEmbeddings, WebSessions, AutoCloseable {

  /** Closes the store; calls after this fail. */
  @Override
  void close();
}
