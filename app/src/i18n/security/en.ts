// English texts of the Security screen (your own sign-in methods and sessions); the other
// languages must match these keys. Each section of the screen has its own block.
export const securityTexts = {
  security: {
    heading: "Sign-in and security",
    intro: "How you sign in to Confide, and where you are signed in. These settings are yours alone; nobody else can see your password or second factor.",
    sessions: {
      heading: "Where you are signed in",
      intro: "Each browser you signed in with has a session. It ends when you sign out, after 30 minutes without anything you do (an open tab alone does not count), and 12 hours after you signed in at the latest. End any session you do not recognise: that browser goes back to the login at once.",
      loading: "Loading your sessions…",
      caption: "Your active sessions",
      device: "Browser and system",
      created: "Signed in",
      lastActive: "Last activity",
      actions: "Actions",
      thisDevice: "this device",
      unknownDevice: "Unknown browser",
      end: "End session",
      endOthers: "End all other sessions",
      ended: "The session in {{device}} has ended.",
      endedOthers_one: "{{count}} other session has ended.",
      endedOthers_other: "{{count}} other sessions have ended.",
      onlyThis: "You are signed in in this browser only.",
    },
  },
};
