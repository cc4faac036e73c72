// The UI library arrives with the post-mortem meeting issue.
