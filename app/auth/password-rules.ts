// Shared by the server rules (password.server.ts) and the forms' hints.
export const PASSWORD_MIN = 8;
export const PASSWORD_RECOMMENDED = 15;
export const PASSWORD_MAX = 128;
