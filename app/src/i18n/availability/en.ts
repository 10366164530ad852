// English texts of availability and routing: the operator's own status, colleagues' statuses,
// who has a chat, transfers, and left messages in the inbox; the other languages match these keys.
export const availabilityTexts = {
  availability: {
    label: "Your status",
    online: "Online",
    away: "Away",
    offline: "Offline",
    idle: "Away while idle",
    hint: "Online: new chats may come to you. Away: colleagues see you are not at your desk. Offline: hidden, even with the app open.",
    colleagues: "Colleagues",
    colleague: "{{name}}, {{status}}",
  },
  routing: {
    assignedTo: "With {{name}}",
    transferLabel: "Transfer to department",
    transfer: "Transfer",
    transferred: "Transferred to {{name}}.",
  },
  offlineMessage: {
    badge: "Left message",
  },
};
