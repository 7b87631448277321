/**
 * LTI 1.3 tool (ltijs): launches from Moodle and Canvas into the right room with the right role.
 * Placeholder until the LTI issue lands; nothing is mounted yet.
 */
export const LTI_ENABLED = false;
