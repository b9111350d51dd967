"""Uppdrag från beslut (issue 22.1): what a decided § asks someone to do, with its
due date and the body it reports back to; reminders, the list, the återrapportering
on the receiving body's dagordning."""
