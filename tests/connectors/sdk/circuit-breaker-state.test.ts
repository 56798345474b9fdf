import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitState } from '../../../connectors/index.ts';
import { ConnectorError } from '../../../schema/index.ts';

describe('circuit breaker state changes', () => {
  it('reports each transition once: closed → open → half-open → open → half-open → closed', async () => {
    let clock = 0;
    const states: CircuitState[] = [];
    const breaker = createCircuitBreaker({ connectorId: 'grids', failureThreshold: 2, openMs: 100, now: () => clock, onStateChange: (state) => states.push(state) });
    const down = () => Promise.reject(new ConnectorError('grids', 'down', 'UPSTREAM_UNAVAILABLE'));
    const up = () => Promise.resolve('rows');
    const always = () => true;
    await expect(breaker.run(down, always)).rejects.toThrow('down');
    expect(states).toEqual([]);
    await expect(breaker.run(down, always)).rejects.toThrow('down');
    expect(states).toEqual(['open']);
    await expect(breaker.run(up, always)).rejects.toThrow('circuit breaker is open');
    clock = 100;
    await expect(breaker.run(down, always)).rejects.toThrow('down');
    expect(states).toEqual(['open', 'half-open', 'open']);
    clock = 200;
    await expect(breaker.run(up, always)).resolves.toBe('rows');
    await expect(breaker.run(up, always)).resolves.toBe('rows');
    expect(states).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
  });

  it('reports a probe that closes an open breaker', async () => {
    const states: CircuitState[] = [];
    const breaker = createCircuitBreaker({ connectorId: 'grids', failureThreshold: 1, onStateChange: (state) => states.push(state) });
    await expect(breaker.run(() => Promise.reject(new Error('refused')), () => true)).rejects.toThrow('refused');
    await breaker.probe(() => Promise.resolve());
    expect(states).toEqual(['open', 'closed']);
  });
});
