/**
 * Load rounds bracketed by the crypto floor. This VM's speed drifts by several percent from one
 * minute to the next (a lone RSA-2048 sign measured 216-247 µs within an hour), so a floor
 * measured once, minutes away from a load round, moves the ratio as much as the server does. Each
 * round is therefore compared with the floor measured just before and just after it (the mean of
 * the two), and the case reports the round with the median ratio. Rounds whose two floors differ by
 * more than `MAX_FLOOR_DRIFT` are flagged: the machine changed speed during them.
 */

/** One load round: what the server did, and the floor measured around it (operations per second). */
export interface BracketedRound<L> {
  readonly load: L;
  readonly floorBefore: number;
  readonly floorAfter: number;
}

/** The figures of one round that the ratios need. */
export interface RoundFigures {
  /** Responses per wall-clock second. */
  readonly perSecond: number;
  /** Responses per second of server CPU time (all threads); 0 when not measurable. */
  readonly perCpuSecond: number;
}

export interface RoundRatios {
  /** Mean of the floor before and after the round, operations per second. */
  readonly floor: number;
  readonly wall: number;
  readonly cpu: number;
  /** |before - after| / mean: how much the machine's speed moved during the round. */
  readonly floorDrift: number;
}

/** Above this, a round's two floors disagree enough that the report flags the round. */
export const MAX_FLOOR_DRIFT = 0.05;

export function rateRound<L>(round: BracketedRound<L>, figures: (load: L) => RoundFigures): RoundRatios {
  const { floorBefore, floorAfter } = round;
  if (!(floorBefore > 0) || !(floorAfter > 0))
    throw new Error(`a crypto floor of a round is not a positive rate: ${floorBefore}, ${floorAfter}`);
  const floor = (floorBefore + floorAfter) / 2;
  const f = figures(round.load);
  return {
    floor,
    wall: f.perSecond / floor,
    cpu: f.perCpuSecond / floor,
    floorDrift: Math.abs(floorBefore - floorAfter) / floor,
  };
}

/** The round with the median CPU ratio (the upper median for an even count), and its ratios. */
export function medianRound<L>(
  rounds: readonly BracketedRound<L>[],
  figures: (load: L) => RoundFigures,
): { readonly round: BracketedRound<L>; readonly ratios: RoundRatios } {
  if (rounds.length === 0) throw new Error('no rounds to take the median of');
  const rated = rounds.map((round) => ({ round, ratios: rateRound(round, figures) }));
  rated.sort((a, b) => a.ratios.cpu - b.ratios.cpu);
  return rated[Math.floor(rated.length / 2)]!;
}
