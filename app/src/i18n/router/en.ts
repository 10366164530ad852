// English texts of the router screens; the other languages must match these keys.
export const routerTexts = {
  router: {
    heading: "router",
  },
  apiTokens: {
    heading: "apiTokens",
  },
};
