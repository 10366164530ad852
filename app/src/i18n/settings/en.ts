// English texts of the settings screens; the other languages must match these keys.
export const settingsTexts = {
  widgets: {
    heading: "widgets",
  },
  account: {
    heading: "account",
  },
};
