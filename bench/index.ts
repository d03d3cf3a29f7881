import { main as srp } from './srp.js';

await srp([]);
