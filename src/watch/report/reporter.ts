import type { BlockchainStatus, QueryFailure } from "../../status/model.js";
import type { Transition } from "../../status/transitions.js";
import type { Outcome } from "../loop.js";

/**
 * One output mode of a watch: the loop tells it what happened, it decides what
 * to print. Every reporter writes to the IO it is given (the output boundary),
 * never to a stream of its own.
 */
export interface Reporter {
  /** The state changed (the first answer counts), with the resources that moved and the body as received. */
  change(status: BlockchainStatus, changes: Transition[], raw: string): void;
  /** Every answer, changed or not. */
  poll(status: BlockchainStatus): void;
  /** A transient failure that the watch rides out. */
  transient(failure: QueryFailure): void;
  /** One id's watch ended (the others may go on). */
  done(outcome: Outcome): void;
  /** The watch is over: stop live output, flush what was held. */
  close(): void;
}

/** Several reporters as one, each told every event in order. */
export function fanOut(reporters: readonly Reporter[]): Reporter {
  return {
    change: (s, c, r) => {
      for (const x of reporters) x.change(s, c, r);
    },
    poll: (s) => {
      for (const x of reporters) x.poll(s);
    },
    transient: (f) => {
      for (const x of reporters) x.transient(f);
    },
    done: (o) => {
      for (const x of reporters) x.done(o);
    },
    close: () => {
      for (const x of reporters) x.close();
    },
  };
}
