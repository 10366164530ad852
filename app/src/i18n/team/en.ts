// English texts of the team screens; the other languages must match these keys.
export const teamTexts = {
  team: {
    heading: "team",
  },
};
