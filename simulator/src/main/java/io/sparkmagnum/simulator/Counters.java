package io.sparkmagnum.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulator was asked, for assertions such as "one token was issued" or "exactly one
 * cluster create call". Calls are counted when received, before faults and authentication.
 */
public final class Counters {
  private final Map<String, AtomicLong> keystoneCalls = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> magnumCalls = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> tokensByUser = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> tokensByApplicationCredential = new ConcurrentHashMap<>();
  private final AtomicLong tokensIssued = new AtomicLong();

  Counters() {}

  void countCall(Service service, String operation) {
    Map<String, AtomicLong> calls = service == Service.KEYSTONE ? keystoneCalls : magnumCalls;
    calls.computeIfAbsent(operation, key -> new AtomicLong()).incrementAndGet();
  }

  void countToken(String userId, String applicationCredentialId) {
    tokensIssued.incrementAndGet();
    tokensByUser.computeIfAbsent(userId, key -> new AtomicLong()).incrementAndGet();
    if (applicationCredentialId != null) {
      tokensByApplicationCredential
          .computeIfAbsent(applicationCredentialId, key -> new AtomicLong())
          .incrementAndGet();
    }
  }

  /** Tokens issued (201 answers to POST /v3/auth/tokens) in all. */
  public long tokensIssued() {
    return tokensIssued.get();
  }

  /** Tokens issued to a user, by user id; includes tokens through the user's application credentials. */
  public long tokensIssuedToUser(String userId) {
    return value(tokensByUser, userId);
  }

  /** Tokens issued through an application credential, by its id. */
  public long tokensIssuedToApplicationCredential(String applicationCredentialId) {
    return value(tokensByApplicationCredential, applicationCredentialId);
  }

  /** Requests Magnum received for one operation, e.g. {@link Operations#CLUSTERS_CREATE}. */
  public long magnumCalls(String operation) {
    Operations.requireKnown(Service.MAGNUM, operation);
    return value(magnumCalls, operation);
  }

  /** Requests Keystone received for one operation, e.g. {@link Operations#TOKENS_CREATE}. */
  public long keystoneCalls(String operation) {
    Operations.requireKnown(Service.KEYSTONE, operation);
    return value(keystoneCalls, operation);
  }

  /** All Magnum call counts by operation, sorted by name. */
  public Map<String, Long> magnumCalls() {
    return snapshot(magnumCalls);
  }

  /** All Keystone call counts by operation, sorted by name. */
  public Map<String, Long> keystoneCalls() {
    return snapshot(keystoneCalls);
  }

  /** Forgets every count, e.g. between the phases of one test. */
  public void reset() {
    keystoneCalls.clear();
    magnumCalls.clear();
    tokensByUser.clear();
    tokensByApplicationCredential.clear();
    tokensIssued.set(0);
  }

  private static long value(Map<String, AtomicLong> counts, String key) {
    AtomicLong count = counts.get(key);
    return count == null ? 0 : count.get();
  }

  private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
    Map<String, Long> result = new TreeMap<>();
    counts.forEach((key, count) -> result.put(key, count.get()));
    return result;
  }

  @Override
  public String toString() {
    return "Counters[tokens=" + tokensIssued + ", keystone=" + keystoneCalls() + ", magnum=" + magnumCalls() + "]";
  }
}
