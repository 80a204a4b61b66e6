/* evidence-hash.h */
