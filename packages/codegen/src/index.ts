export { buildForUser, type UserBuildOptions, type UserBuildResult } from './user-build.js';
