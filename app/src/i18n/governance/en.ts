// English texts of the governance screens; the other languages must match these keys.
export const governanceTexts = {
  auditLog: {
    heading: "auditLog",
  },
  analytics: {
    heading: "analytics",
  },
};
