export * from './agreement-case-index';
export * from './period-figures';
export * from './decide-period-close';
export * from './close-periods-through';
