// English texts of the Security screen (your own sign-in methods and sessions); the other
// languages must match these keys. Each section of the screen has its own block.
export const securityTexts = {
  security: {
    heading: "Sign-in and security",
    intro: "How you sign in to Confide, and where you are signed in. These settings are yours alone; nobody else can see your password or second factor.",
    password: {
      heading: "Password",
      intro: "Changing your password signs you out everywhere else and revokes your API tokens. This browser stays signed in.",
      current: "Current password",
      new: "New password",
      newHint: "At least {{count}} characters.",
      confirm: "Repeat the new password",
      submit: "Change password",
      saving: "Changing…",
      changed: "Your password is changed. Your other sessions are signed out and your API tokens revoked; you stay signed in here.",
      currentRequired: "Enter your current password.",
      tooShort_one: "The new password needs at least {{count}} character.",
      tooShort_other: "The new password needs at least {{count}} characters.",
      mismatch: "The two new passwords are not the same.",
    },
  },
};
