package io.rolemarket.imagebot.core.store;

import io.rolemarket.imagebot.core.quota.QuotaLedger;

/**
 * Every store port in one, as one database implements them. A convenience for wiring; code that needs
 * one port takes that port.
 */
public interface BotStore
    extends QuotaLedger, UserDirectory, JobJournal, ImageStore, HistoryLog, FileRefs, ReviewStore, EventLog,
        DeliveryLog, ActionLinks, SpendHolds, OperatorLog, ReferenceEmbeddings, Flights, UpdateInbox, WebSessions,
        AutoCloseable {

  /**
   * Settles what other processes of the bot that stopped (their heartbeat is older than the lease) left in flight:
   * their budget holds released, their jobs completed when every picture is stored or refunded, their other
   * reservations refunded; their open remote jobs wait for {@link #adoptOrphanedRemoteJobs}. What live processes
   * own is never touched. A store one process uses has nothing to settle after it opened.
   *
   * @return how many holds, jobs and reservations it settled
   */
  default int reapOrphans() {
    return 0;
  }

  /**
   * {@link #owe} an answer to {@code owed.platform()}'s event {@code eventId} and mark the event {@link #handled}, in
   * one transaction: a process that stops right after finds the answer owed and the event handled, or neither (then
   * the event is handled again from {@link #unhandled}), never one without the other.
   */
  default long oweFor(DeliveryLog.Owed owed, String eventId) {
    long id = owe(owed);
    handled(owed.platform(), eventId, owed.at());
    return id;
  }

  /** Closes the store; calls after this fail. */
  @Override
  void close();
}
