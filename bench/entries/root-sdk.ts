/** The root entry as a browser app gets it: createAuth with the AWS SDK transport, and everything else it exports. */
export * from '../../index.js';
