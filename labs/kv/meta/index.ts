/** Meta keys and the three states of a region. */
export * from './keys';
export * from './states';
