// The lifecycle tables must agree with each other: a resumed state has a stage that works on it, every
// state a stage works on can be left, and the lists of waiting and final states are consistent.
import { describe, expect, it } from 'vitest';
import {
  AWAITING_PERSON_STATES,
  canTransition,
  FINAL_STATES,
  IN_PROGRESS_STATES,
  INPUT_STATES,
  ITEM_STATES,
  JOB_STAGES,
  REDISTRIBUTABLE_STATES,
  REST_MAILBOX_STATES,
  RESUME_STAGE,
  RETRY_STATE,
  TRANSITIONS,
  assertTransition,
  IllegalTransitionError,
} from './lifecycle.js';

describe('item lifecycle', () => {
  it('resumes every in-progress state with a stage that takes it as input', () => {
    for (const state of IN_PROGRESS_STATES) {
      const stage = RESUME_STAGE[state];
      expect(stage, state).toBeDefined();
      expect(INPUT_STATES[stage!], `${stage} on ${state}`).toContain(state);
    }
  });

  it('resumes nothing that waits for a person or is final', () => {
    for (const state of [...AWAITING_PERSON_STATES, ...FINAL_STATES]) expect(RESUME_STAGE[state], state).toBeUndefined();
  });

  it('puts every state in exactly one of in progress, awaiting a person, final', () => {
    const groups = [...IN_PROGRESS_STATES, ...AWAITING_PERSON_STATES, ...FINAL_STATES];
    expect([...groups].sort()).toEqual([...ITEM_STATES].sort());
  });

  it('keeps the rest mailbox among the states awaiting a person', () => {
    for (const state of REST_MAILBOX_STATES) expect(AWAITING_PERSON_STATES).toContain(state);
  });

  it('lets every job stage leave each of its input states', () => {
    for (const stage of JOB_STAGES) for (const state of INPUT_STATES[stage]) expect(TRANSITIONS[state].length, `${stage}/${state}`).toBeGreaterThan(0);
  });

  it('allows a re-distribution from every re-distributable state, and retries into a stage input state', () => {
    for (const state of REDISTRIBUTABLE_STATES) expect(canTransition(state, 'routed'), state).toBe(true);
    for (const state of Object.values(RETRY_STATE)) expect(canTransition('failed', state), state).toBe(true);
  });

  it('refuses moves it does not list', () => {
    expect(() => assertTransition('accepted', 'parked')).toThrow(IllegalTransitionError);
    expect(() => assertTransition('received', 'routed')).toThrow(/received to routed/);
    expect(() => assertTransition('classified', 'routed')).not.toThrow();
  });
});
