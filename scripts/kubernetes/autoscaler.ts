// The HorizontalPodAutoscaler's documented algorithm (autoscaling/v2, as the upstream controller
// computes it in pkg/controller/podautoscaler), to show what the autoscaler would do with our
// API's recorded load where no cluster runs. One `sync` is one pass of the controller:
//   1. the metric's proposal: desired = ceil(current × metric / target), unless the ratio is
//      within the tolerance (10 %) of 1; for an average value (KEDA's requests per second per
//      pod) desired = ceil(total / target);
//   2. stabilisation: the highest proposal of the scale-down window (and the lowest of the
//      scale-up window) bounds the move, so a dip does not shed pods at once;
//   3. the scaling policies: at most `value` pods or percent per `periodSeconds`, counted from
//      the replicas at the start of each period, the policies combined by selectPolicy;
//   4. minReplicas and maxReplicas.
// What it does not model: see docs/kubernetes.md (sync period jitter, metric delay, pod start-up,
// readiness and unready pods' CPU, missing metrics).

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: ScalingPolicy[];
}

export interface AutoscalerSpec {
  minReplicas: number;
  maxReplicas: number;
  /** Utilization: percent of the pods' CPU request; AverageValue: the metric per pod. */
  target: { type: 'Utilization'; averageUtilization: number } | { type: 'AverageValue'; averageValue: number };
  behavior?: { scaleUp?: Partial<ScalingRules>; scaleDown?: Partial<ScalingRules> };
  /** --horizontal-pod-autoscaler-tolerance (0.1). */
  tolerance?: number;
}

/** What the metrics say at a sync: the pods' mean utilization (%), or the metric's total across pods. */
export type Observation = { utilization: number } | { total: number };

/** The defaults autoscaling/v2 fills in when a behavior is not given. */
export const DEFAULT_SCALE_UP: ScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Percent', value: 100, periodSeconds: 15 },
    { type: 'Pods', value: 4, periodSeconds: 15 },
  ],
};
export const DEFAULT_SCALE_DOWN: ScalingRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

interface Event {
  at: number;
  change: number;
}

export class Autoscaler {
  private readonly up: ScalingRules;
  private readonly down: ScalingRules;
  private readonly tolerance: number;
  /** Unstabilised proposals, for the stabilisation windows. */
  private recommendations: Array<{ at: number; replicas: number }> = [];
  private scaleUps: Event[] = [];
  private scaleDowns: Event[] = [];

  constructor(private readonly spec: AutoscalerSpec) {
    this.up = { ...DEFAULT_SCALE_UP, ...spec.behavior?.scaleUp };
    this.down = { ...DEFAULT_SCALE_DOWN, ...spec.behavior?.scaleDown };
    this.tolerance = spec.tolerance ?? 0.1;
  }

  /** The metric's own proposal for `current` pods (step 1). */
  proposal(current: number, observation: Observation): number {
    const { target } = this.spec;
    if ('utilization' in observation) {
      if (target.type !== 'Utilization') throw new Error('a utilization for an average-value target');
      // The controller works in whole percent: int32(usage × 100 / requests).
      const ratio = Math.trunc(observation.utilization) / target.averageUtilization;
      return Math.abs(1 - ratio) <= this.tolerance ? current : Math.ceil(ratio * current);
    }
    if (target.type !== 'AverageValue') throw new Error('a total for a utilization target');
    const ratio = observation.total / (target.averageValue * current);
    return Math.abs(1 - ratio) <= this.tolerance ? current : Math.ceil(observation.total / target.averageValue);
  }

  /** One pass of the controller at time `at` (seconds) with `current` pods: the replicas it sets. */
  sync(at: number, current: number, observation: Observation): number {
    // Outside its bounds, the controller first brings the count within them.
    if (current > this.spec.maxReplicas) return this.record(at, current, this.spec.maxReplicas);
    if (current < this.spec.minReplicas) return this.record(at, current, this.spec.minReplicas);
    const proposed = this.proposal(current, observation);
    const stabilized = this.stabilize(at, current, proposed);
    return this.record(at, current, this.limit(at, current, stabilized));
  }

  private record(at: number, current: number, desired: number): number {
    if (desired > current) this.scaleUps.push({ at, change: desired - current });
    if (desired < current) this.scaleDowns.push({ at, change: current - desired });
    return desired;
  }

  private stabilize(at: number, current: number, proposed: number): number {
    let upRecommendation = proposed;
    let downRecommendation = proposed;
    for (const { at: when, replicas } of this.recommendations) {
      if (when > at - this.up.stabilizationWindowSeconds) upRecommendation = Math.min(upRecommendation, replicas);
      if (when > at - this.down.stabilizationWindowSeconds) downRecommendation = Math.max(downRecommendation, replicas);
    }
    const keep = Math.max(this.up.stabilizationWindowSeconds, this.down.stabilizationWindowSeconds);
    this.recommendations = this.recommendations.filter(({ at: when }) => when > at - keep);
    this.recommendations.push({ at, replicas: proposed });
    let recommendation = current;
    if (recommendation < upRecommendation) recommendation = upRecommendation;
    if (recommendation > downRecommendation) recommendation = downRecommendation;
    return recommendation;
  }

  private limit(at: number, current: number, desired: number): number {
    const { minReplicas, maxReplicas } = this.spec;
    if (desired > current) {
      const limit = Math.max(current, this.scaleLimit(at, current, this.up, +1));
      return Math.min(desired, maxReplicas, limit);
    }
    if (desired < current) {
      const limit = Math.min(current, this.scaleLimit(at, current, this.down, -1));
      return Math.max(desired, minReplicas, limit);
    }
    return Math.min(Math.max(desired, minReplicas), maxReplicas);
  }

  /** The furthest the policies let the replicas move in `direction` from `current` now. */
  private scaleLimit(at: number, current: number, rules: ScalingRules, direction: 1 | -1): number {
    if (rules.selectPolicy === 'Disabled') return current;
    const within = (events: Event[], period: number) => events.filter((e) => e.at > at - period).reduce((sum, e) => sum + e.change, 0);
    const proposals = rules.policies.map((policy) => {
      const start = current - within(this.scaleUps, policy.periodSeconds) + within(this.scaleDowns, policy.periodSeconds);
      if (direction > 0) return policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100));
      return policy.type === 'Pods' ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
    });
    // Scaling up, Max takes the largest change; scaling down, Max takes the lowest count (the largest change).
    const largestChange = rules.selectPolicy === 'Max';
    if (direction > 0) return largestChange ? Math.max(...proposals) : Math.min(...proposals);
    return largestChange ? Math.min(...proposals) : Math.max(...proposals);
  }
}
