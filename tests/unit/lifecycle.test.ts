// The letter lifecycle (DESIGN.md): which moves are allowed, which states guard each
// move's conditional update, and what each rule says in every state. A changed rule
// fails here before it changes what a page shows or an update lets through.
import { describe, expect, test } from "vitest";
import {
  awaitsTrustees,
  CROSSING_FROM,
  isSealedAndSigning,
  acceptsSignatures,
  awaitsPublication,
  canMove,
  CLOSED_STATUSES,
  hasOpened,
  isClosed,
  isCollecting,
  isEditable,
  isLetterStatus,
  isPastDeadline,
  isPublished,
  leavingFrom,
  LetterStatus,
  letterStatus,
  NAMES_VISIBLE_STATUSES,
  namesVisible,
  reachesThreshold,
  SIGNING_STATUSES,
  sqlList,
  TRANSITIONS,
  withLetterStatus,
  statusAtThreshold,
  statusAfterCoolingOff,
  coolingOffEnd,
  coolingOffIsOver,
  shownStatus,
} from "~/domain/letters/lifecycle";

const { DRAFT, OPEN, COOLING_OFF, AWAITING_TRUSTEES, REVEALED, PUBLISHED, EXPIRED, CANCELLED } = LetterStatus;
const ALL = [DRAFT, OPEN, COOLING_OFF, AWAITING_TRUSTEES, REVEALED, PUBLISHED, EXPIRED, CANCELLED];

describe("the states", () => {
  test("are the six of DESIGN.md, the cooling-off period (decision 020) and the trustees' wait (decision 015), each named by its own value", () => {
    expect(Object.values(LetterStatus)).toEqual([
      "DRAFT",
      "OPEN",
      "COOLING_OFF",
      "AWAITING_TRUSTEES",
      "REVEALED",
      "PUBLISHED",
      "EXPIRED",
      "CANCELLED",
    ]);
    for (const [key, value] of Object.entries(LetterStatus)) expect(key).toBe(value);
  });

  test("a database value becomes a LetterStatus; anything else is refused", () => {
    for (const status of ALL) {
      expect(isLetterStatus(status)).toBe(true);
      expect(letterStatus(status)).toBe(status);
    }
    for (const bad of ["", "open", "Open", "ARCHIVED", " OPEN", "OPEN ", "REVEALED,PUBLISHED"]) {
      expect(isLetterStatus(bad), bad).toBe(false);
      expect(() => letterStatus(bad), bad).toThrow(/Unknown letter status/);
    }
  });

  test("withLetterStatus types a row's status and keeps the rest", () => {
    expect(withLetterStatus({ id: "x", status: "OPEN", threshold: 3 })).toEqual({ id: "x", status: OPEN, threshold: 3 });
    expect(() => withLetterStatus({ id: "x", status: "LOST" })).toThrow(/Unknown letter status/);
  });
});

describe("the transitions", () => {
  const allowed: [LetterStatus, LetterStatus][] = [
    [DRAFT, OPEN],
    [DRAFT, CANCELLED],
    [OPEN, COOLING_OFF],
    [OPEN, REVEALED],
    [OPEN, AWAITING_TRUSTEES],
    [OPEN, EXPIRED],
    [OPEN, CANCELLED],
    [COOLING_OFF, REVEALED],
    [COOLING_OFF, AWAITING_TRUSTEES],
    [COOLING_OFF, OPEN],
    [COOLING_OFF, CANCELLED],
    [AWAITING_TRUSTEES, REVEALED],
    [AWAITING_TRUSTEES, CANCELLED],
    [REVEALED, PUBLISHED],
  ];

  test("exactly these moves are allowed", () => {
    for (const from of ALL) {
      for (const to of ALL) {
        const expected = allowed.some(([a, b]) => a === from && b === to);
        expect(canMove(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
    expect(Object.values(TRANSITIONS).flat()).toHaveLength(allowed.length);
  });

  test("nothing leaves a published, expired or cancelled letter, and nothing moves backwards or stays", () => {
    for (const end of [PUBLISHED, EXPIRED, CANCELLED]) expect(TRANSITIONS[end]).toEqual([]);
    for (const status of ALL) expect(canMove(status, status)).toBe(false);
    expect(canMove(REVEALED, OPEN)).toBe(false);
    expect(canMove(OPEN, DRAFT)).toBe(false);
    expect(canMove(REVEALED, CANCELLED)).toBe(false);
    expect(canMove(REVEALED, EXPIRED)).toBe(false);
    expect(canMove(DRAFT, REVEALED)).toBe(false);
    // Waiting for trustees, the deadline no longer applies, and nothing goes back to open.
    expect(canMove(AWAITING_TRUSTEES, EXPIRED)).toBe(false);
    expect(canMove(AWAITING_TRUSTEES, OPEN)).toBe(false);
    expect(canMove(DRAFT, PUBLISHED)).toBe(false);
    // Cooling off, the deadline no longer applies (decision 020): only a fall back to OPEN can expire it.
    expect(canMove(COOLING_OFF, EXPIRED)).toBe(false);
    expect(canMove(AWAITING_TRUSTEES, COOLING_OFF)).toBe(false);
  });

  test("leavingFrom is each guarded update's WHERE: the states a move may start from", () => {
    expect(leavingFrom(DRAFT)).toEqual([]);
    expect(leavingFrom(OPEN)).toEqual([DRAFT, COOLING_OFF]);
    expect(leavingFrom(COOLING_OFF)).toEqual([OPEN]);
    expect(leavingFrom(REVEALED)).toEqual([OPEN, COOLING_OFF, AWAITING_TRUSTEES]);
    expect(leavingFrom(AWAITING_TRUSTEES)).toEqual([OPEN, COOLING_OFF]);
    expect(leavingFrom(PUBLISHED)).toEqual([REVEALED]);
    expect(leavingFrom(EXPIRED)).toEqual([OPEN]);
    expect(leavingFrom(CANCELLED)).toEqual([DRAFT, OPEN, COOLING_OFF, AWAITING_TRUSTEES]);
  });
});

describe("the rules, in every state", () => {
  // One row per state: acceptsSignatures, namesVisible, isClosed, isEditable, hasOpened, isCollecting, isPublished, awaitsPublication
  const table: Record<LetterStatus, boolean[]> = {
    DRAFT: [false, false, false, true, false, false, false, false],
    OPEN: [true, false, false, false, true, true, false, false],
    COOLING_OFF: [true, false, false, false, true, false, false, false],
    AWAITING_TRUSTEES: [true, false, false, false, true, false, false, false],
    REVEALED: [true, true, false, false, true, false, false, true],
    PUBLISHED: [false, true, false, false, true, false, true, false],
    EXPIRED: [false, false, true, false, false, false, false, false],
    CANCELLED: [false, false, true, false, false, false, false, false],
  };
  const rules = [acceptsSignatures, namesVisible, isClosed, isEditable, hasOpened, isCollecting, isPublished, awaitsPublication];

  test.each(ALL)("%s", (status) => {
    expect(rules.map((rule) => rule(status))).toEqual(table[status]);
  });

  test("the lists agree with their predicates", () => {
    expect(SIGNING_STATUSES).toEqual([OPEN, COOLING_OFF, AWAITING_TRUSTEES, REVEALED]);
    expect(ALL.filter(isSealedAndSigning)).toEqual([OPEN, COOLING_OFF, AWAITING_TRUSTEES]);
    expect(ALL.filter(awaitsTrustees)).toEqual([AWAITING_TRUSTEES]);
    expect(NAMES_VISIBLE_STATUSES).toEqual([REVEALED, PUBLISHED]);
    expect(CLOSED_STATUSES).toEqual([EXPIRED, CANCELLED]);
    expect(ALL.filter(acceptsSignatures)).toEqual([...SIGNING_STATUSES]);
    expect(ALL.filter(namesVisible)).toEqual([...NAMES_VISIBLE_STATUSES]);
    expect(ALL.filter(isClosed)).toEqual([...CLOSED_STATUSES]);
  });

  test("a signature reveals only an open letter, and only at its threshold", () => {
    expect(reachesThreshold({ status: OPEN, signatureCount: 4, threshold: 5 })).toBe(false);
    expect(reachesThreshold({ status: OPEN, signatureCount: 5, threshold: 5 })).toBe(true);
    expect(reachesThreshold({ status: OPEN, signatureCount: 6, threshold: 5 })).toBe(true);
    for (const status of ALL.filter((s) => s !== OPEN)) {
      expect(reachesThreshold({ status, signatureCount: 100, threshold: 5 }), status).toBe(false);
    }
  });

  test("the crossing cools off for the letter's hours, or moves on at once with none (decision 020)", () => {
    expect(statusAtThreshold({ hasTrustees: false, coolingOffHours: 48 })).toBe(COOLING_OFF);
    expect(statusAtThreshold({ hasTrustees: true, coolingOffHours: 1 })).toBe(COOLING_OFF);
    expect(statusAtThreshold({ hasTrustees: false, coolingOffHours: 0 })).toBe(REVEALED);
    expect(statusAtThreshold({ hasTrustees: true, coolingOffHours: 0 })).toBe(AWAITING_TRUSTEES);
    expect(statusAfterCoolingOff({ hasTrustees: false })).toBe(REVEALED);
    expect(statusAfterCoolingOff({ hasTrustees: true })).toBe(AWAITING_TRUSTEES);
    // On the hour: the crossing's hour rounded up, plus the hours; never shorter than asked.
    expect(coolingOffEnd(new Date("2026-06-01T10:10:00Z"), 48)).toEqual(new Date("2026-06-03T11:00:00Z"));
    expect(coolingOffEnd(new Date("2026-06-01T10:00:00Z"), 24)).toEqual(new Date("2026-06-02T10:00:00Z"));
    const now = new Date("2026-06-01T12:00:00Z");
    const told = new Date("2026-06-01T11:00:00Z");
    expect(coolingOffIsOver({ status: COOLING_OFF, coolingOffEndsAt: now, coolingOffNoticesAt: told }, now)).toBe(true);
    expect(
      coolingOffIsOver({ status: COOLING_OFF, coolingOffEndsAt: new Date("2026-06-01T12:00:01Z"), coolingOffNoticesAt: told }, now),
    ).toBe(false);
    expect(coolingOffIsOver({ status: OPEN, coolingOffEndsAt: now, coolingOffNoticesAt: told }, now)).toBe(false);
    // Never before anyone was told.
    expect(coolingOffIsOver({ status: COOLING_OFF, coolingOffEndsAt: now, coolingOffNoticesAt: null }, now)).toBe(false);
  });

  test("pages show cooling off only as the last count batch saw it (decision 020)", () => {
    const end = new Date("2026-06-03T11:00:00Z");
    expect(shownStatus({ status: COOLING_OFF, batchedCoolingOffEndsAt: null })).toBe(OPEN);
    expect(shownStatus({ status: OPEN, batchedCoolingOffEndsAt: end })).toBe(COOLING_OFF);
    expect(shownStatus({ status: COOLING_OFF, batchedCoolingOffEndsAt: end })).toBe(COOLING_OFF);
    expect(shownStatus({ status: OPEN, batchedCoolingOffEndsAt: null })).toBe(OPEN);
    for (const status of [DRAFT, AWAITING_TRUSTEES, REVEALED, PUBLISHED, EXPIRED, CANCELLED]) {
      expect(shownStatus({ status, batchedCoolingOffEndsAt: end })).toBe(status);
    }
  });

  test("only an open letter can be past its deadline", () => {
    const now = new Date("2026-06-01T12:00:00Z");
    const before = new Date("2026-06-01T11:59:59Z");
    expect(isPastDeadline({ status: OPEN, deadline: before }, now)).toBe(true);
    expect(isPastDeadline({ status: OPEN, deadline: now }, now)).toBe(false);
    expect(isPastDeadline({ status: OPEN, deadline: new Date("2026-06-02T00:00:00Z") }, now)).toBe(false);
    for (const status of ALL.filter((s) => s !== OPEN)) expect(isPastDeadline({ status, deadline: before }, now), status).toBe(false);
  });
});

test("sqlList quotes the module's own values for plain SQL, and refuses anything else", () => {
  expect(sqlList(SIGNING_STATUSES)).toBe("'OPEN', 'COOLING_OFF', 'AWAITING_TRUSTEES', 'REVEALED'");
  expect(sqlList(leavingFrom(CANCELLED))).toBe("'DRAFT', 'OPEN', 'COOLING_OFF', 'AWAITING_TRUSTEES'");
  // The crossing signature's flip leaves from an open letter only.
  expect(sqlList(CROSSING_FROM)).toBe("'OPEN'");
  expect(sqlList([PUBLISHED])).toBe("'PUBLISHED'");
  expect(sqlList([])).toBe("");
  const injected = ["OPEN') OR 1=1 --"];
  // @ts-expect-error a string that is not a LetterStatus does not type-check either
  expect(() => sqlList(injected)).toThrow(/Unknown letter status/);
});
