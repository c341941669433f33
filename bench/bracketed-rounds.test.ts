import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BracketedRound, medianRound, rateRound } from './bracketed-rounds.ts';

const figures = (l: { perSecond: number; perCpuSecond: number }) => l;

describe('rateRound', () => {
  it('divides by the mean of the floors around the round', () => {
    const r = rateRound(
      { load: { perSecond: 1300, perCpuSecond: 1400 }, floorBefore: 3900, floorAfter: 4100 },
      figures,
    );
    expect(r.floor).toBe(4000);
    expect(r.wall).toBeCloseTo(0.325, 10);
    expect(r.cpu).toBeCloseTo(0.35, 10);
    expect(r.floorDrift).toBeCloseTo(0.05, 10);
  });

  it('refuses a floor that is not a positive rate', () => {
    for (const bad of [0, -1, Number.NaN])
      expect(() =>
        rateRound({ load: { perSecond: 1, perCpuSecond: 1 }, floorBefore: bad, floorAfter: 4000 }, figures),
      ).toThrow(/not a positive rate/);
  });

  it('a machine that slows down by a factor slows the floor alike, and the ratio does not move', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: 5000, noNaN: true }),
        fc.double({ min: 1000, max: 6000, noNaN: true }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (rate, floor, slowdown) => {
          const fast = rateRound(
            { load: { perSecond: rate, perCpuSecond: rate }, floorBefore: floor, floorAfter: floor },
            figures,
          );
          const slow = rateRound(
            {
              load: { perSecond: rate * slowdown, perCpuSecond: rate * slowdown },
              floorBefore: floor * slowdown,
              floorAfter: floor * slowdown,
            },
            figures,
          );
          expect(slow.cpu).toBeCloseTo(fast.cpu, 9);
          expect(slow.wall).toBeCloseTo(fast.wall, 9);
        },
      ),
    );
  });
});

describe('medianRound', () => {
  const round = (cpu: number, floor = 4000): BracketedRound<{ perSecond: number; perCpuSecond: number }> => ({
    load: { perSecond: cpu, perCpuSecond: cpu },
    floorBefore: floor,
    floorAfter: floor,
  });

  it('picks the round with the median CPU ratio, not the median rate', () => {
    // Rates 1200 < 1300 < 1400, but the 1400 round ran while the machine was fast (floor 4600):
    // ratios 0.300, 0.325, 0.304, so the median is the 1400 round's 0.304, not the 1300 round's.
    const rounds = [round(1200, 4000), round(1300, 4000), round(1400, 4600)];
    const m = medianRound(rounds, figures);
    expect(m.round).toBe(rounds[2]);
    expect(m.ratios.cpu).toBeCloseTo(1400 / 4600, 10);
  });

  it('takes the upper median of an even count and refuses none', () => {
    expect(medianRound([round(1000), round(1400)], figures).round.load.perCpuSecond).toBe(1400);
    expect(() => medianRound([], figures)).toThrow(/no rounds/);
  });

  it('the median lies between the smallest and the largest ratio', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 100, max: 3000, noNaN: true }), { minLength: 1, maxLength: 9 }),
        (rates) => {
          const ratios = rates.map((r) => r / 4000);
          const m = medianRound(
            rates.map((r) => round(r)),
            figures,
          ).ratios.cpu;
          expect(m).toBeGreaterThanOrEqual(Math.min(...ratios));
          expect(m).toBeLessThanOrEqual(Math.max(...ratios));
        },
      ),
    );
  });
});
