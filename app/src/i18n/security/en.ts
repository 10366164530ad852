// English texts of the Security screen (your own sign-in methods and sessions); the other
// languages must match these keys. Each section of the screen has its own block.
export const securityTexts = {
  security: {
    heading: "Sign-in and security",
    intro: "How you sign in to Confide, and where you are signed in. These settings are yours alone; nobody else can see your password or second factor.",
  },
};
