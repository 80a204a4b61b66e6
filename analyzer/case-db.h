/* case-db.h */
