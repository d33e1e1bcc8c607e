import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './parse-duration.js';

describe('parseDuration', () => {
  it.each([
    [500, 500],
    [0, 0],
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['1.5m', 90_000],
    ['1.1s', 1_100],
    ['.5s', 500],
    ['0.25h', 900_000],
    ['250', 250],
    ['  30s \n', 30_000],
    ['0s', 0],
  ])('%j -> %j ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([
    ['10 m'], ['10M'], ['10min'], ['1d'], ['-5s'], ['s'], [''], ['  '], ['1e3'], ['1.s'], ['10m30s'],
    [-1], [Number.NaN], [Number.POSITIVE_INFINITY], [true], [null], [undefined], [{}], [['30s']],
  ])('%j -> undefined', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [600_000, '10m'], [90_000, '1.5m'], [61_000, '61s'], [7_200_000, '2h'], [30_000, '30s'], [250, '250ms'], [1_500, '1.5s'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
