export * from './constants';
export type * from './records';
