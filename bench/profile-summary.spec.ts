import { busyTimeline, summariseProfile } from './profile-summary';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)') },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('hot', 'file:///app/node_modules/pg/lib/client.js') },
  ],
  // Samples at 1 s (idle), 2 s and 3 s (in `hot`); deltas in microseconds since the previous sample.
  samples: [2, 3, 3],
  timeDeltas: [1e6, 1e6, 1e6],
  startTime: 0,
  endTime: 3e6,
};

describe('bench profile summary', () => {
  it('should attribute self time per function and per package file', () => {
    expect(summariseProfile(profile)).toEqual([
      { name: 'hot pg/lib/client.js:1', selfMs: 2000, share: 2 / 3 },
      { name: '(idle)', selfMs: 1000, share: 1 / 3 },
    ]);
    expect(summariseProfile(profile, true)[0].name).toBe('pg/lib/client.js');
  });

  it('should restrict to a window and show busy seconds', () => {
    expect(summariseProfile(profile, false, 2, 3)).toEqual([
      { name: 'hot pg/lib/client.js:1', selfMs: 2000, share: 1 },
    ]);
    expect(busyTimeline(profile)).toEqual([0, 0, 1, 1]);
  });
});
