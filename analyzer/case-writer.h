/* case-writer.h */
