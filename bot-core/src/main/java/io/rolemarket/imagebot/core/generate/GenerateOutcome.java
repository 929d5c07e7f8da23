package io.rolemarket.imagebot.core.generate;

import java.util.Objects;

/** How a {@code /generate} ended. Adapters render it with an exhaustive {@code switch}. */
public sealed interface GenerateOutcome {

  /** Pictures were delivered. */
  record Generated(GenerationResult result) implements GenerateOutcome {
    /** Checks the result. */
    public Generated {
      Objects.requireNonNull(result, "result");
    }
  }

  /** The request was not accepted (unknown name, over quota, not allowed); nothing was charged. */
  record Refused(Refusal reason) implements GenerateOutcome {
    /** Checks the reason. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The work was tried and made nothing (every provider failed, cancelled, crashed); nothing was charged. */
  record Failed(Failure reason) implements GenerateOutcome {
    /** Checks the reason. */
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The outcome for {@code reason}: refused or failed. */
  static GenerateOutcome of(Reason reason) {
    return switch (reason) {
      case Refusal refusal -> new Refused(refusal);
      case Failure failure -> new Failed(failure);
    };
  }
}
