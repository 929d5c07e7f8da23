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
  record Refused(String message) implements GenerateOutcome {
    /** Checks the message. */
    public Refused {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Every provider failed; nothing was charged. */
  record Failed(String message) implements GenerateOutcome {
    /** Checks the message. */
    public Failed {
      Objects.requireNonNull(message, "message");
    }
  }

  /** The sentence to show the user when there are no pictures, or empty. */
  default String message() {
    return switch (this) {
      case Generated generated -> "";
      case Refused refused -> refused.message();
      case Failed failed -> failed.message();
    };
  }
}
